package usecase

import (
	"context"

	"example.com/pass/internal/repository"
)

type Orders struct {
	repo *repository.Repo
}

// One pass-through among three functions (33% < min-share 50%): not reported.
func (o *Orders) Get(ctx context.Context, id int64) (string, error) {
	return o.repo.Get(ctx, id)
}

// Good: argument is not a parameter (it computes something).
func (o *Orders) GetNext(ctx context.Context, id int64) (string, error) {
	return o.repo.Get(ctx, id+1)
}

func (o *Orders) Count(ctx context.Context) (int, error) {
	xs, err := o.repo.List(ctx)
	return len(xs), err
}

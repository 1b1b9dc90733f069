package repository

import "context"

type Repo struct{}

func (r *Repo) Get(ctx context.Context, id int64) (string, error) { return "x", nil }
func (r *Repo) Delete(ctx context.Context, id int64) error        { return nil }
func (r *Repo) Touch(ctx context.Context, id int64)               {}
func (r *Repo) List(ctx context.Context) ([]string, error)        { return nil, nil }

package service

import "context"

type Audit struct{}

func (a *Audit) Record(ctx context.Context, what string) error { return ctx.Err() }

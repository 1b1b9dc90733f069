// Package db is the data-access layer of the layered service: a thin interface over the PostgreSQL
// pool that the repositories depend on, so they can be tested against a fake.
package db

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"example.com/orders/layered/domain"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNoRows is returned by Row.Scan when a query matched nothing.
var ErrNoRows = errors.New("no rows")

// Row is a single-row result.
type Row interface {
	Scan(dest ...any) error
}

// Rows is a multi-row result; callers must Close it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs SQL. Tx-scoped queriers are handed to the callback of InTx.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	Exec(ctx context.Context, sql string, args ...any) error
}

// Database is a Querier that can also open transactions.
type Database interface {
	Querier
	InTx(ctx context.Context, fn func(q Querier) error) error
	Ping(ctx context.Context) error
}

type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconnCommandTag, error)
}

// Postgres implements Database on a pgx pool.
type Postgres struct {
	pool *pgxpool.Pool
	log  *slog.Logger
}

// NewPostgres connects a pool to url.
func NewPostgres(ctx context.Context, url string, maxConns int32, log *slog.Logger) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return &Postgres{pool: pool, log: log}, nil
}

// Close releases the pool.
func (p *Postgres) Close() { p.pool.Close() }

// Ping checks the connection.
func (p *Postgres) Ping(ctx context.Context) error {
	if err := p.pool.Ping(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	return nil
}

func (p *Postgres) QueryRow(ctx context.Context, sql string, args ...any) Row {
	return runQueryRow(ctx, p.log, poolQuerier{p.pool}, sql, args)
}

func (p *Postgres) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	return runQuery(ctx, p.log, poolQuerier{p.pool}, sql, args)
}

func (p *Postgres) Exec(ctx context.Context, sql string, args ...any) error {
	return runExec(ctx, p.log, poolQuerier{p.pool}, sql, args)
}

// InTx runs fn in a transaction, committing when fn returns nil.
func (p *Postgres) InTx(ctx context.Context, fn func(q Querier) error) error {
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := fn(&txQuerier{tx: txAdapter{tx}, log: p.log}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

type txQuerier struct {
	tx  pgQuerier
	log *slog.Logger
}

func (t *txQuerier) QueryRow(ctx context.Context, sql string, args ...any) Row {
	return runQueryRow(ctx, t.log, t.tx, sql, args)
}

func (t *txQuerier) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	return runQuery(ctx, t.log, t.tx, sql, args)
}

func (t *txQuerier) Exec(ctx context.Context, sql string, args ...any) error {
	return runExec(ctx, t.log, t.tx, sql, args)
}

func logQuery(ctx context.Context, log *slog.Logger, sql string) {
	if log.Enabled(ctx, slog.LevelDebug) {
		log.DebugContext(ctx, "query", "request_id", domain.RequestIDFrom(ctx), "sql", sql)
	}
}

func runQueryRow(ctx context.Context, log *slog.Logger, q pgQuerier, sql string, args []any) Row {
	logQuery(ctx, log, sql)
	return row{q.QueryRow(ctx, sql, args...)}
}

func runQuery(ctx context.Context, log *slog.Logger, q pgQuerier, sql string, args []any) (Rows, error) {
	logQuery(ctx, log, sql)
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("db: query: %w", err)
	}
	return rows, nil
}

func runExec(ctx context.Context, log *slog.Logger, q pgQuerier, sql string, args []any) error {
	logQuery(ctx, log, sql)
	if _, err := q.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("db: exec: %w", err)
	}
	return nil
}

type row struct{ r pgx.Row }

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("db: %w", ErrNoRows)
	default:
		return fmt.Errorf("db: scan: %w", err)
	}
}

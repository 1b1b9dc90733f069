// Package cache is the Redis data-access layer of the layered service.
package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"example.com/orders/layered/domain"
	"github.com/redis/go-redis/v9"
)

// Cache is a string key/value store with expiry.
type Cache interface {
	// Get returns the value and true, or "" and false on a miss.
	Get(ctx context.Context, key string) (string, bool, error)
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	Ping(ctx context.Context) error
}

// Redis implements Cache with go-redis.
type Redis struct {
	client *redis.Client
	log    *slog.Logger
}

// NewRedis returns a Cache talking to the Redis server at addr.
func NewRedis(addr string, poolSize int, log *slog.Logger) *Redis {
	return &Redis{client: redis.NewClient(&redis.Options{Addr: addr, PoolSize: poolSize}), log: log}
}

// Close closes the client.
func (r *Redis) Close() error { return r.client.Close() }

func (r *Redis) Get(ctx context.Context, key string) (string, bool, error) {
	if r.log.Enabled(ctx, slog.LevelDebug) {
		r.log.DebugContext(ctx, "cache get", "request_id", domain.RequestIDFrom(ctx), "key", key)
	}
	v, err := r.client.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("cache: get %s: %w", key, err)
	}
	return v, true, nil
}

func (r *Redis) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if r.log.Enabled(ctx, slog.LevelDebug) {
		r.log.DebugContext(ctx, "cache set", "request_id", domain.RequestIDFrom(ctx), "key", key)
	}
	if err := r.client.Set(ctx, key, value, ttl).Err(); err != nil {
		return fmt.Errorf("cache: set %s: %w", key, err)
	}
	return nil
}

func (r *Redis) Ping(ctx context.Context) error {
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("cache: ping: %w", err)
	}
	return nil
}

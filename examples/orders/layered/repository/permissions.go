package repository

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"example.com/orders/layered/cache"
	"example.com/orders/layered/db"
	"example.com/orders/layered/domain"
)

// PermissionRepository answers RBAC questions: Redis first, PostgreSQL on a miss (then cached).
type PermissionRepository interface {
	Allowed(ctx context.Context, p domain.Permission) (bool, error)
}

// PermissionTTL is how long a looked-up permission stays in the cache.
const PermissionTTL = 5 * time.Minute

const selectPermission = `SELECT EXISTS (SELECT 1 FROM permissions WHERE role = $1 AND resource = $2 AND action = $3)`

type cachedPermissionRepository struct {
	db    db.Database
	cache cache.Cache
	log   *slog.Logger
}

// NewPermissionRepository returns a PermissionRepository reading through c into database.
func NewPermissionRepository(database db.Database, c cache.Cache, log *slog.Logger) PermissionRepository {
	return &cachedPermissionRepository{db: database, cache: c, log: log}
}

func permissionKey(p domain.Permission) string {
	return "perm:" + p.Role + ":" + p.Resource + ":" + p.Action
}

func (r *cachedPermissionRepository) Allowed(ctx context.Context, p domain.Permission) (bool, error) {
	key := permissionKey(p)
	v, hit, err := r.cache.Get(ctx, key)
	if err != nil {
		return false, fmt.Errorf("repository: permission %s: %w", key, err)
	}
	if hit {
		return v == "1", nil
	}
	var allowed bool
	if err := r.db.QueryRow(ctx, selectPermission, p.Role, p.Resource, p.Action).Scan(&allowed); err != nil {
		if errors.Is(err, db.ErrNoRows) {
			allowed = false
		} else {
			return false, fmt.Errorf("repository: permission %s: %w", key, err)
		}
	}
	value := "0"
	if allowed {
		value = "1"
	}
	if err := r.cache.Set(ctx, key, value, PermissionTTL); err != nil {
		// The answer is still right; a later request will retry the cache.
		r.log.WarnContext(ctx, "permission cache set failed", "request_id", domain.RequestIDFrom(ctx), "err", err)
	}
	return allowed, nil
}

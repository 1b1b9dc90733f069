// Package seedmodel mirrors the formulas of sql/seed.sql, so the load generator and the agreement test
// can pick users, tenants and orders that exist, and sign tokens for them.
package seedmodel

import (
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Sizes of the seed data.
const (
	Users  = 10_000
	Orders = 100_000
)

// DefaultSecret is the services' default -jwt-secret.
const DefaultSecret = "strata-orders-dev-secret"

// TenantOf returns the tenant of user u.
func TenantOf(u int64) int64 { return 1 + u%10 }

// RoleOf returns the role of user u.
func RoleOf(u int64) string {
	switch u % 100 {
	case 0:
		return "auditor"
	case 1:
		return "guest"
	default:
		return "customer"
	}
}

// OwnerOf returns the user who placed seed order o.
func OwnerOf(o int64) int64 { return 1 + (o*7919)%Users }

// Token signs an HS256 bearer token for user u, valid for ttl from now.
func Token(secret []byte, u int64, ttl time.Duration) (string, error) {
	return TokenWith(secret, jwt.MapClaims{
		"sub":    strconv.FormatInt(u, 10),
		"tenant": TenantOf(u),
		"role":   RoleOf(u),
		"exp":    time.Now().Add(ttl).Unix(),
	})
}

// TokenWith signs arbitrary claims with HS256.
func TokenWith(secret []byte, claims jwt.MapClaims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}

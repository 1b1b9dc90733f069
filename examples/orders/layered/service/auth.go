// Package service holds the use cases of the layered service: authentication, authorization and orders.
package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"example.com/orders/layered/domain"
	"example.com/orders/layered/repository"
	"github.com/golang-jwt/jwt/v5"
)

// AuthService authenticates bearer tokens and authorizes the caller stored in the context.
type AuthService interface {
	Authenticate(ctx context.Context, token string) (domain.Principal, error)
	Authorize(ctx context.Context, resource, action string) error
}

// Claims is the JWT payload the service accepts.
type Claims struct {
	Tenant int64  `json:"tenant"`
	Role   string `json:"role"`
	jwt.RegisteredClaims
}

type authService struct {
	secret []byte
	perms  repository.PermissionRepository
	parser *jwt.Parser
}

// NewAuthService returns an AuthService verifying HS256 tokens signed with secret.
func NewAuthService(secret []byte, perms repository.PermissionRepository) AuthService {
	return &authService{
		secret: secret,
		perms:  perms,
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired()),
	}
}

func (s *authService) Authenticate(ctx context.Context, token string) (domain.Principal, error) {
	var claims Claims
	_, err := s.parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return s.secret, nil })
	if err != nil {
		return domain.Principal{}, fmt.Errorf("service: authenticate: %w: %w", domain.ErrUnauthorized, err)
	}
	userID, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil || userID <= 0 || claims.Tenant <= 0 || claims.Role == "" {
		return domain.Principal{}, fmt.Errorf("service: authenticate: %w: bad claims", domain.ErrUnauthorized)
	}
	return domain.Principal{UserID: userID, TenantID: claims.Tenant, Role: claims.Role}, nil
}

func (s *authService) Authorize(ctx context.Context, resource, action string) error {
	p, ok := domain.PrincipalFrom(ctx)
	if !ok {
		return fmt.Errorf("service: authorize: %w", domain.ErrUnauthorized)
	}
	allowed, err := s.perms.Allowed(ctx, domain.Permission{Role: p.Role, Resource: resource, Action: action})
	if err != nil {
		return fmt.Errorf("service: authorize: %w", err)
	}
	if !allowed {
		return fmt.Errorf("service: authorize %s %s:%s: %w", p.Role, resource, action, domain.ErrForbidden)
	}
	return nil
}

// ErrNoPrincipal means a use case ran without an authenticated caller in the context.
var ErrNoPrincipal = errors.New("no principal in context")

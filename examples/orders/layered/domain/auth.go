package domain

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID   int64
	TenantID int64
	Role     string
}

// Permission is one (role, resource, action) grant of the RBAC model.
type Permission struct {
	Role     string
	Resource string
	Action   string
}

// Resources and actions the order service checks.
const (
	ResourceOrders = "orders"
	ActionRead     = "read"
	ActionList     = "list"
	ActionCreate   = "create"
)

// Package repository may use database/sql: it is infra.
package repository

import "database/sql"

var _ *sql.DB

package util

import "example.com/lay/internal/handler/dto" // fine: unknown packages are not checked

// Y is a helper.
var Y = dto.Order{}

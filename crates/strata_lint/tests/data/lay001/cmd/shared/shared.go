package shared

// X is shared by the commands.
var X = 1

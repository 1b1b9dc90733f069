package port

// P is a port.
var P = 1

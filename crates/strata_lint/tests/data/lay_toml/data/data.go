package data

// D is data.
var D = 1

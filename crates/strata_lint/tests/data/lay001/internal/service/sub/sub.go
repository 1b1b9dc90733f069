package sub

// Sub is app too.
var Sub = 1

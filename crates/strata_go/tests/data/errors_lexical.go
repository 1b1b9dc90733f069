package broken

var s = "unterminated
var r = 'ab'
var n = 0x
func f() { x := 1 # 2 }

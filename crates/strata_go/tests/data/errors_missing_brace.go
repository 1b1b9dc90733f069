package broken

func ok() int { return 1 }

func bad( {
	x :=
}

func after() {}

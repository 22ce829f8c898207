package closures

// SetBudget lowers the memory budget of Minus for a test, and returns the
// function that restores it.
func SetBudget(b int) (restore func()) {
	old := budget
	budget = b
	return func() { budget = old }
}

package ids

import c "clinic"

func renamed() c.Set {
	return c.Of(c.Permission(7)) // want `c.Permission\(7\) is the raw ID of clinic.PaymentView`
}

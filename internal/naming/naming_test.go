package naming

import "testing"

func TestGoName(t *testing.T) {
	tests := []struct{ key, want string }{
		{"view_patient_window", "ViewPatientWindow"},
		{"CommlogEdit", "CommlogEdit"},
		{"httpFilters", "HttpFilters"},
		{"s3:GetObject", "S3GetObject"},
		{"a.b-c/d", "ABCD"},
		{"see_production_numbers_on_schedule_desktop", "SeeProductionNumbersOnScheduleDesktop"},
		{"__x__", "X"},
		{"1abc", "1abc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := GoName(tt.key); got != tt.want {
			t.Errorf("GoName(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestIsExported(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"Permission", true},
		{"permission", false},
		{"1Abc", false},
		{"", false},
		{"A_b", true},
		{"Ωmega", false},      // valid Go, but not ASCII
		{"\u0410dmin", false}, // U+0410 CYRILLIC CAPITAL LETTER A
		{"Admin\u200b", false},
		{"Z9", true},
	}
	for _, tt := range tests {
		if got := IsExported(tt.name); got != tt.want {
			t.Errorf("IsExported(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestIsPackageName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"opendental", true},
		{"pbn2", true},
		{"open_dental", true},
		{"OpenDental", false},
		{"func", false},
		{"main", false},
		{"_", false},
		{"2pbn", false},
		{"café", false},
	}
	for _, tt := range tests {
		if got := IsPackageName(tt.name); got != tt.want {
			t.Errorf("IsPackageName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	candidates := []string{"see_schedule", "see_huddle_dashboard", "CarrierEdit", "CarrierCreate"}
	tests := []struct{ name, want string }{
		{"see_schedul", "see_schedule"},
		{"SEE_SCHEDULE", "see_schedule"},
		{"carrieredit", "CarrierEdit"},
		{"CarrierEdits", "CarrierEdit"},
		{"something_else_entirely", ""},
		{"see_schedule", ""}, // an exact match is not a suggestion
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := DidYouMean("see_schedul", candidates); got != "; did you mean see_schedule?" {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("zzz", candidates); got != "" {
		t.Errorf("DidYouMean(zzz) = %q, want empty", got)
	}
}

package csvin

import (
	"strings"
	"testing"
)

func TestParseCreators(t *testing.T) {
	in := excel(`Niche,followers,Commission Rate,extra,Platform,HANDLE,name
"beauty, skincare","12,345",10%,x,IG,@Ana.Beauty,"Ana ""B"" Lopez
(sister account)"
fitness,900,0.15,,TikTok,ben_fit,Ben
,0,,,youtube,Cara-Cooks,
food,5,12.5 %,,fb,dan,Dan
`)
	got, errs, err := ParseCreators(strings.NewReader(in), opts("creators.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Creator{
		{Line: 2, Handle: "ana.beauty", Platform: "instagram", Followers: 12345, Name: "Ana \"B\" Lopez\n(sister account)",
			Niche: "beauty, skincare", CommissionRate: 0.1, HasCommission: true},
		{Line: 4, Handle: "ben_fit", Platform: "tiktok", Followers: 900, Name: "Ben", Niche: "fitness", CommissionRate: 0.15, HasCommission: true},
		{Line: 5, Handle: "cara-cooks", Platform: "youtube"},
		{Line: 6, Handle: "dan", Platform: "facebook", Followers: 5, Name: "Dan", Niche: "food", CommissionRate: 0.125, HasCommission: true},
	})
}

func TestParseCreatorsErrors(t *testing.T) {
	in := `handle,platform,followers,commission_rate
ana,instagram,1.5k,
ben,snapchat,10,
cara,tiktok,10,150%
dan,tiktok,-5,
@Ana,IG,3,
,youtube,3,
eve,youtube,"1,23",abc
ana banana,youtube,3,
fay,youtube,,12
gus,youtube,99999999999999999999,-5%
`
	got, errs, err := ParseCreators(strings.NewReader(in), opts("creators.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`creators.csv: line 2: followers: "1.5k" is not a whole number`,
		`creators.csv: line 3: platform: "snapchat" is not a platform (instagram, tiktok, youtube, pinterest, facebook or other)`,
		`creators.csv: line 4: commission_rate: "150%" is more than 100%`,
		`creators.csv: line 5: followers: "-5" is negative`,
		`creators.csv: line 6: handle: duplicate creator "ana" on instagram (first on line 2)`,
		`creators.csv: line 7: handle: required field is empty`,
		`creators.csv: line 8: followers: "1,23" is not a whole number`,
		`creators.csv: line 8: commission_rate: "abc" is not a rate (write 0.1 or 10%)`,
		`creators.csv: line 9: handle: "ana banana" is not a handle (letters, digits, ., _ and - after an optional @)`,
		`creators.csv: line 10: followers: required field is empty`,
		`creators.csv: line 10: commission_rate: "12" is more than 1 (write a fraction like 0.1 or a percentage like 10%)`,
		`creators.csv: line 11: followers: "99999999999999999999" is too large`,
		`creators.csv: line 11: commission_rate: "-5%" is negative`,
	)
	if len(got) != 0 {
		t.Errorf("records from bad rows: %+v", got)
	}
}

func TestParseCreatorsMissingColumn(t *testing.T) {
	got, errs, err := ParseCreators(strings.NewReader("handle,followers\nana,1\n"), opts("creators.csv"))
	checkFatal(t, got, errs, err, `creators.csv: line 1: missing required column "platform"`)
}

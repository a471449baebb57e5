package item

import (
	"luoshi/internal/luoshi"
	"testing"
	"time"
)

// TestConfidence: each side's judgement lands on its own side of the item, the latest one
// counts, the gap is the distance between the two, and an unknown level is refused.
func TestConfidence(t *testing.T) {
	p := dtPolicy(t)
	now := dtNow(t)
	it := dtItem(t, dtSitInProgress)
	rate := func(w dtWho, level luoshi.Confidence, at time.Time) {
		t.Helper()
		ev, err := DecideCommand(p, it, dtActor(w), luoshi.Command{Action: luoshi.ActRateConfidence, Confidence: level, Reason: "理由"}, at)
		if err != nil {
			t.Fatalf("%s rates %s: %v", w, level, err)
		}
		if err := Apply(it, ev); err != nil {
			t.Fatal(err)
		}
	}
	if it.ConfidenceGap() != 0 || it.UnitConfidence != nil {
		t.Fatalf("a new item has judgements: %+v %+v", it.UnitConfidence, it.OfficeConfidence)
	}
	rate(dtLeadLiaison, luoshi.ConfidenceGreen, now)
	if it.UnitConfidence == nil || it.UnitConfidence.Level != luoshi.ConfidenceGreen || it.OfficeConfidence != nil || it.ConfidenceGap() != 0 {
		t.Fatalf("after the unit's green: unit %+v office %+v gap %d", it.UnitConfidence, it.OfficeConfidence, it.ConfidenceGap())
	}
	rate(dtSupervisor, luoshi.ConfidenceAmberRed, now.Add(time.Hour))
	if it.OfficeConfidence == nil || it.OfficeConfidence.Level != luoshi.ConfidenceAmberRed || it.ConfidenceGap() != 3 {
		t.Fatalf("after the office's amber-red: office %+v gap %d, want 3", it.OfficeConfidence, it.ConfidenceGap())
	}
	rate(dtLeadLiaison, luoshi.ConfidenceRed, now.Add(2*time.Hour))
	if it.UnitConfidence.Level != luoshi.ConfidenceRed || !it.UnitConfidence.At.Equal(now.Add(2*time.Hour)) || it.ConfidenceGap() != 1 {
		t.Fatalf("after the unit's red: unit %+v gap %d, want 1", it.UnitConfidence, it.ConfidenceGap())
	}
	c := it.Clone()
	c.UnitConfidence.Level = luoshi.ConfidenceGreen
	if it.UnitConfidence.Level != luoshi.ConfidenceRed {
		t.Error("a clone shares the judgement with the item")
	}
	_, err := DecideCommand(p, it, dtActor(dtLeadLiaison), luoshi.Command{Action: luoshi.ActRateConfidence, Confidence: "purple"}, now)
	dtWantErr(t, err, luoshi.EINVALID, "confidence", it.State)
}

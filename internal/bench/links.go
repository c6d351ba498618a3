package bench

import (
	"context"
	"fmt"

	"github.com/liftmetrics/lift/internal/store"
)

// Links stores n links in workspace ws in one transaction, as an agency
// holds them: 2,000 creators on Instagram, each in 3 of 100 campaigns,
// 7-character slugs ("k000000" on), product-page destinations.
func Links(ctx context.Context, st *store.Store, ws int64, n int) error {
	tx, err := st.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	creators := make([]int64, 2000)
	for i := range creators {
		if _, creators[i], err = tx.PutCreator(ctx, ws, store.Creator{Handle: fmt.Sprintf("creator%04d", i), Platform: "instagram"}); err != nil {
			return fmt.Errorf("bench links: %w", err)
		}
	}
	campaigns := make([]int64, 100)
	for i := range campaigns {
		if _, campaigns[i], err = tx.PutCampaign(ctx, ws, store.Campaign{Name: fmt.Sprintf("Campaign %03d", i)}); err != nil {
			return fmt.Errorf("bench links: %w", err)
		}
	}
	for i := range n {
		cr := i % len(creators)
		ca := (cr + (i/len(creators))%3*7) % len(campaigns)
		_, _, err := tx.PutLink(ctx, ws, store.Link{Slug: fmt.Sprintf("k%06d", i),
			Destination: fmt.Sprintf("https://shop.example.com/products/item-%d?variant=%d", i%50000, i%7),
			CreatorID:   creators[cr], CampaignID: campaigns[ca]})
		if err != nil {
			return fmt.Errorf("bench links: %w", err)
		}
	}
	return tx.Commit()
}

"""What changed between versions of the policy, and drafts out for consultation: change entries,
their check, feeds, comparisons and consultation banners."""

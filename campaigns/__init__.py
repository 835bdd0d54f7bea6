"""Campaign landing pages, mailings, attribution and Tip een ander referrals."""

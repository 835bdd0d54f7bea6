"""Attribution: which campaign and channel brought a visitor, and what they did next."""

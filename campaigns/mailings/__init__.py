"""Mailings: campaign e-mails composed from blocks, sent in resumable batches to a segment."""

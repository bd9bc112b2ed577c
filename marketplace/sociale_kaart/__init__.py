"""De sociale kaart: the local offer of help (services), in Open Referral's HSDS 3.0 model."""

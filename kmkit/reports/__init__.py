"""Reports: notebooks run per client and exported offline, in batch, with PDF and branding."""

"""Thai data-protection (PDPA B.E. 2562) built in: the privacy notice, consent per
purpose, "my data", erasure, the audit log of changes about people, retention."""

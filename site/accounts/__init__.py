"""Members: the e-mail based user, the entrepreneur profile, sign-up and AVG self-service."""

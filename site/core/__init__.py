"""Site-wide pages: home, standard pages, site settings, navigation, search and the registry."""

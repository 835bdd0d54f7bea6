"""Site-wide pages: home, standard pages, site settings, navigation, search and the hooks
later apps extend them through (loket.core.hooks)."""

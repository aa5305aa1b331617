"""A second entry under the home page's key."""

from styring import registries
from styring.navigation import MenuItem

registries.menu.register(MenuItem("Forsiden igjen", "styring:forside", order=1))

"""The network map: ``/map`` (Leaflet, with an offline outline) and its GeoJSON layers."""

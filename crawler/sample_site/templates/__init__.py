"""One module per page template of the sample site, each modelled on a family of real
Indonesian news sites and carrying that family's boilerplate."""

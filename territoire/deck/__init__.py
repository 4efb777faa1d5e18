"""The council deck's machinery: the master package, slide XML, the composing Deck, the slides themselves."""

"""How results look: the chart theme, offline interactive charts, sentences, explorers."""

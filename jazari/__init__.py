"""Jazari: coordination platform of Morocco's national network of AI centres of excellence."""

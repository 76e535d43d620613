"""The kg ontology (kg.ttl), SHACL shapes (shapes.ttl) and derivation rules (derive.rq), shipped as package data."""

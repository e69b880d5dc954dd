//! A manual in the formats other systems read: FHIR R4 for health IT ([`fhir`]).

pub mod fhir;

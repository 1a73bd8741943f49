// placeholder until the generator writes it
pub mod runtime;

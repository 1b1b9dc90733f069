//! One file per rule: the violation struct with its doc comment (the rule's documentation), and
//! its `check` function. The code table is [`crate::codes`].

pub mod conflicting_module_replaces;
pub mod domain_io_import;
pub mod forbidden_layer_import;
pub mod goroutine_pointer_across_layers;
pub mod gowork_replace_of_workspace_module;
pub mod layer_cycle;
pub mod net_ip_in_core;
pub mod pass_through_function;
pub mod redundant_error_rewrap;
pub mod replace_of_workspace_module;
mod replace_util;
pub mod request_context_in_goroutine;
pub mod shadowed_module_replace;
pub mod syntax_error;
pub mod workspace_error;

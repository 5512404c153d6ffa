//! Reads a command's arguments and return type from its Rust source (the signature Tauri
//! itself deserializes against) and spells them in TypeScript.

use std::collections::BTreeSet;

use syn::{FnArg, GenericArgument, ItemFn, Pat, PathArguments, ReturnType, Type};

/// One command as the window calls it.
#[derive(Debug)]
pub struct Signature {
    pub name: String,
    /// (camelCase name, TypeScript type), in declaration order.
    pub args: Vec<(String, String)>,
    pub returns: String,
}

/// Parameters Tauri fills in itself; the window never sends them.
const INJECTED: [&str; 4] = ["State", "AppHandle", "Window", "WebviewWindow"];

/// The `#[tauri::command]` fn `name` in `source`, read into a Signature. The named types it
/// uses are added to `types` (they must be in the ts-rs bindings).
pub fn read(source: &str, name: &str, types: &mut BTreeSet<String>) -> Result<Signature, String> {
    let file = syn::parse_file(source).map_err(|e| format!("{name}: {e}"))?;
    let item = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == name && is_command(f) => Some(f),
            _ => None,
        })
        .ok_or_else(|| format!("no #[tauri::command] fn {name}"))?;
    let mut args = Vec::new();
    for input in &item.sig.inputs {
        let FnArg::Typed(arg) = input else {
            return Err(format!("{name}: a command takes no self"));
        };
        if INJECTED.contains(&last_ident(&arg.ty).as_str()) {
            continue;
        }
        let Pat::Ident(ident) = &*arg.pat else {
            return Err(format!("{name}: every argument needs a plain name"));
        };
        let ts = ts_type(&arg.ty, types).map_err(|e| format!("{name}({}): {e}", ident.ident))?;
        args.push((camel_case(&ident.ident.to_string()), ts));
    }
    let returns = match &item.sig.output {
        ReturnType::Default => "null".to_string(),
        // A command that cannot fail returns its value as is; the rest a CmdResult.
        ReturnType::Type(_, ty) => {
            ts_type(result_ok(ty).unwrap_or(ty), types).map_err(|e| format!("{name} -> {e}"))?
        }
    };
    Ok(Signature {
        name: name.to_string(),
        args,
        returns,
    })
}

fn is_command(f: &ItemFn) -> bool {
    f.attrs.iter().any(|a| {
        let segments: Vec<String> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segments == ["tauri", "command"]
    })
}

/// Tauri's default argument naming: `plan_id` is sent as `planId`.
fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn last_ident(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        Type::Reference(r) => last_ident(&r.elem),
        _ => String::new(),
    }
}

/// The generic arguments of a path type such as `Option<T>`.
fn generics(ty: &Type) -> Vec<&Type> {
    let Type::Path(p) = ty else { return Vec::new() };
    let Some(PathArguments::AngleBracketed(a)) = p.path.segments.last().map(|s| &s.arguments)
    else {
        return Vec::new();
    };
    a.args
        .iter()
        .filter_map(|g| match g {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// `T` of `CmdResult<T>` or `Result<T, IpcError>`.
fn result_ok(ty: &Type) -> Option<&Type> {
    match last_ident(ty).as_str() {
        "CmdResult" | "Result" => generics(ty).into_iter().next(),
        _ => None,
    }
}

fn ts_type(ty: &Type, types: &mut BTreeSet<String>) -> Result<String, String> {
    if let Type::Tuple(t) = ty {
        return if t.elems.is_empty() {
            // Tauri sends `()` as JSON null.
            Ok("null".into())
        } else {
            Err("tuples are not part of the contract".into())
        };
    }
    if let Type::Reference(r) = ty {
        return ts_type(&r.elem, types);
    }
    let name = last_ident(ty);
    let inner = generics(ty);
    Ok(match (name.as_str(), inner.as_slice()) {
        ("String" | "str", []) => "string".into(),
        ("bool", []) => "boolean".into(),
        ("u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "f64", []) => {
            "number".into()
        }
        ("Value", []) => "unknown".into(),
        ("Option", [t]) => format!("{} | null", ts_type(t, types)?),
        ("Vec", [t]) => match ts_type(t, types)? {
            simple if simple.chars().all(|c| c.is_alphanumeric()) => format!("{simple}[]"),
            union => format!("({union})[]"),
        },
        (model, []) if model.starts_with(char::is_uppercase) => {
            types.insert(model.to_string());
            model.to_string()
        }
        _ => return Err(format!("no TypeScript spelling for `{name}`")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arguments_returns_and_named_types() {
        let src = r#"
            #[tauri::command]
            pub async fn decide_plan(state: State<'_, AppState>, app: AppHandle, plan_id: String,
                scheduled_for: Option<String>, ids: Vec<String>) -> CmdResult<PlanSummary> { todo!() }
            #[tauri::command]
            pub fn refresh(state: State<'_, AppState>) -> CmdResult<()> { todo!() }
            #[tauri::command]
            pub fn about(boot: State<'_, Boot>) -> AboutInfo { todo!() }
            pub fn helper(x: u32) {}
        "#;
        let mut types = BTreeSet::new();
        let s = read(src, "decide_plan", &mut types).unwrap();
        assert_eq!(
            s.args,
            [
                ("planId".to_string(), "string".to_string()),
                ("scheduledFor".to_string(), "string | null".to_string()),
                ("ids".to_string(), "string[]".to_string()),
            ]
        );
        assert_eq!(s.returns, "PlanSummary");
        assert_eq!(read(src, "refresh", &mut types).unwrap().returns, "null");
        assert_eq!(read(src, "about", &mut types).unwrap().returns, "AboutInfo");
        assert!(types.contains("PlanSummary"));
        assert!(read(src, "helper", &mut types).is_err(), "not a command");
        let odd = "#[tauri::command] fn odd(x: (u8, u8)) -> CmdResult<()> { todo!() }";
        assert!(read(odd, "odd", &mut types).unwrap_err().contains("tuples"));
    }
}

//! The data folder and the database are the user's alone (`0700` and `0600` on Unix): they
//! hold captions, handles and the post history, and other accounts on the machine have no
//! business reading them. SQLite gives its `-wal` and `-shm` files the database's own rights.

use std::path::Path;

/// Creates `dir` (and any missing parent) readable by its owner only. A folder that already
/// exists keeps its rights: it may be one the user chose and shares on purpose.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Before SQLite opens `db`: creates it empty with owner-only rights, or narrows the rights
/// of the one there (and of its journals), so none is ever readable by others.
pub(super) fn prepare(db: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(db)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            let path = Path::new(&name);
            match std::fs::metadata(path) {
                Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = db;
    Ok(())
}

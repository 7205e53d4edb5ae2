package io.flotilla.source.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a commit's tree straight from the object database into a directory: files, executable
 * bits, symlinks, and empty folders for submodules. It skips the index and the checkout machinery
 * (an artifact needs neither), which is what makes JGit keep up with {@code git clone} on large
 * trees; like go-git in Flux, no smudge filters or line-ending conversion are applied.
 */
final class TreeExport {
  private TreeExport() {}

  static void write(Repository repo, ObjectId commit, Path into) throws IOException {
    write(repo, commit, into, java.util.List.of());
  }

  /** Writes only the entries under {@code dirs} (tree paths), or everything when it is empty. */
  static void write(Repository repo, ObjectId commit, Path into, java.util.List<String> dirs)
      throws IOException {
    Path root = into.toAbsolutePath().normalize();
    boolean posix = Files.getFileAttributeView(root, PosixFileAttributeView.class) != null;
    try (RevWalk rw = new RevWalk(repo);
        TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(rw.parseCommit(commit).getTree());
      tw.setRecursive(true);
      if (!dirs.isEmpty()) {
        tw.setFilter(org.eclipse.jgit.treewalk.filter.PathFilterGroup.createFromStrings(dirs));
      }
      ObjectReader reader = tw.getObjectReader();
      Path lastDir = null;
      while (tw.next()) {
        Path target = root.resolve(tw.getPathString()).normalize();
        if (!target.startsWith(root)
            || target.equals(root)
            || target.startsWith(root.resolve(".git"))) {
          throw new IOException("refusing tree entry outside the work tree: " + tw.getPathString());
        }
        FileMode mode = tw.getFileMode(0);
        if (FileMode.GITLINK.equals(mode)) {
          Files.createDirectories(target); // as a checkout leaves an uninitialised submodule
          continue;
        }
        Path dir = target.getParent();
        if (!dir.equals(lastDir)) {
          Files.createDirectories(dir);
          lastDir = dir;
        }
        if (FileMode.SYMLINK.equals(mode)) {
          String link =
              new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
          Files.createSymbolicLink(target, Path.of(link));
          continue;
        }
        try (OutputStream out = Files.newOutputStream(target)) {
          reader.open(tw.getObjectId(0)).copyTo(out);
        }
        if (posix && FileMode.EXECUTABLE_FILE.equals(mode)) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }
}

package dev.aiusage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The reason of an I/O failure in words a person can act on. Java's file exceptions often carry only
 * the path as their message ("/data/x"), which says nothing about what went wrong.
 */
public final class IoErrors {

    private IoErrors() {}

    public static String reason(IOException e) {
        String what = switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or folder";
            case FileAlreadyExistsException f -> "a file is in the way";
            case NotDirectoryException n -> "not a folder";
            case DirectoryNotEmptyException d -> "folder not empty";
            case FileSystemLoopException l -> "symbolic links form a loop";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file != null && !what.contains(file) ? what + " (" + file + ")" : what;
    }
}

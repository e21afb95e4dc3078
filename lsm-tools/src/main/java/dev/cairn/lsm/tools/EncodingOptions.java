// The --hex and --base64 options shared by every command that reads or prints keys and values
// (a picocli mixin). Confined to one command run.
package dev.cairn.lsm.tools;

import picocli.CommandLine.Option;

/** Chooses how keys and values are spelled. */
final class EncodingOptions {
    @Option(names = "--hex", description = "Keys and values as hex digits (two per byte).")
    boolean hex;

    @Option(names = "--base64", description = "Keys and values as base64.")
    boolean base64;

    /** @return the chosen format, TEXT (UTF-8) by default */
    ByteFormat format() {
        if (hex && base64) {
            throw ToolException.usage("--hex and --base64 exclude each other: choose one");
        }
        return hex ? ByteFormat.HEX : base64 ? ByteFormat.BASE64 : ByteFormat.TEXT;
    }
}

// One store under the desktop workload, one round at a time: nothing is open until
// openAndRead, every write is durable when its call returns, close releases everything (files,
// threads, scopes) so the next round opens the same directory again. Used from one thread.
package dev.cairn.bench.desktop;

/** A store as a desktop app uses it: notes keyed by number plus one settings object. */
public interface DesktopStore extends AutoCloseable {
    /**
     * Opens the store and reads one note.
     *
     * @param note the note's number
     * @return the note's text, or null when it was never written
     * @throws Exception when the store fails
     */
    String openAndRead(int note) throws Exception;

    /**
     * Rewrites the settings object (read, change one field, write back), durably.
     *
     * @param round the value the changed field takes
     * @throws Exception when the store fails
     */
    void updateSettings(int round) throws Exception;

    /**
     * Writes every note in one durable batch (note i gets {@code notes[i]}).
     *
     * @param notes the notes' texts
     * @throws Exception when the store fails
     */
    void fill(String[] notes) throws Exception;

    /**
     * Reads every note back, decoded.
     *
     * @return the notes' texts in note order
     * @throws Exception when the store fails
     */
    java.util.List<String> readAll() throws Exception;

    /**
     * Closes the store; the directory stays for the next round.
     *
     * @throws Exception when the store fails
     */
    @Override
    void close() throws Exception;
}

// A queue emptied by a bounded number of tasks, for work handed from one thread to a few others
// (BatchedResumer's waiters, DiskReads' keys). Thread-safe: any thread may add; the tasks take.
package dev.cairn.lsm.coroutines.internal.store

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger

/**
 * Items wait here until one of at most [maxTasks] tasks takes them. [add] says when the caller
 * must start a task (one more is then counted); a counted task calls [take] until it returns
 * null, at which point its count is given up. While any task is counted, every item added is
 * taken by one: a task that finds the queue empty gives up its count and then looks once more,
 * taking the count back when an item slipped in after its last look.
 */
internal class DrainedQueue<T : Any>(private val maxTasks: Int) {
    private val items = ConcurrentLinkedQueue<T>()
    /** Tasks started or running. */
    private val tasks = AtomicInteger()

    /** Queues [item]. @return true when the caller must start a task (already counted) */
    fun add(item: T): Boolean {
        items.add(item)
        return claim()
    }

    /** For a counted task: the next item, or null when the task must end (its count given up). */
    fun take(): T? {
        while (true) {
            items.poll()?.let { return it }
            tasks.decrementAndGet()
            // An item added after our poll may have found us still counted: take it.
            if (items.isEmpty() || !claim()) return null
        }
    }

    /** A counted task could not be started: gives up its count. */
    fun notStarted() {
        tasks.decrementAndGet()
    }

    /** Takes an item without being a counted task (to empty the queue another way), or null. */
    fun poll(): T? = items.poll()

    /** @return whether items wait */
    fun isNotEmpty(): Boolean = items.peek() != null

    /** Counts one more task if fewer than [maxTasks] are; false if there are enough. */
    private fun claim(): Boolean {
        while (true) {
            val n = tasks.get()
            if (n >= maxTasks) return false
            if (tasks.compareAndSet(n, n + 1)) return true
        }
    }
}

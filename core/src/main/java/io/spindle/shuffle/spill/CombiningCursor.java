package io.spindle.shuffle.spill;

import io.spindle.function.Function2;
import io.spindle.util.Exceptions;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Over a cursor sorted by key hash whose values are combiners, yields one record per distinct
 * key with all its combiners merged (Spark's ExternalAppendOnlyMap merge). Keys with equal hashes
 * but different values stay apart: a hash group is gathered and compared with equals.
 */
public final class CombiningCursor implements RecordCursor {
  private final RecordCursor sorted;
  @SuppressWarnings("rawtypes")
  private final Function2 mergeCombiners;
  private final ArrayList<Object> groupKeys = new ArrayList<>();
  private final ArrayList<Object> groupValues = new ArrayList<>();
  private int groupPos;
  private boolean pending; // sorted's current record is read but not yet in a group
  private boolean exhausted;

  public CombiningCursor(RecordCursor sorted, Function2<?, ?, ?> mergeCombiners) {
    this.sorted = sorted;
    this.mergeCombiners = mergeCombiners;
  }

  @Override
  public boolean advance() {
    groupPos++;
    if (groupPos < groupKeys.size()) {
      return true;
    }
    return nextGroup();
  }

  @SuppressWarnings("unchecked")
  private boolean nextGroup() {
    groupKeys.clear();
    groupValues.clear();
    groupPos = 0;
    if (!pending) {
      if (exhausted || !sorted.advance()) {
        exhausted = true;
        return false;
      }
    }
    int hash = RecordCursor.hash(sorted.key());
    try {
      do {
        Object k = sorted.key();
        int i = indexOf(k);
        if (i < 0) {
          groupKeys.add(k);
          groupValues.add(sorted.value());
        } else {
          groupValues.set(i, mergeCombiners.call(groupValues.get(i), sorted.value()));
        }
        if (!sorted.advance()) {
          exhausted = true;
          pending = false;
          return true;
        }
      } while (RecordCursor.hash(sorted.key()) == hash);
    } catch (Exception e) {
      throw Exceptions.sneakyThrow(e);
    }
    pending = true;
    return true;
  }

  private int indexOf(Object k) {
    for (int i = 0; i < groupKeys.size(); i++) {
      if (Objects.equals(groupKeys.get(i), k)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object key() {
    return groupKeys.get(groupPos);
  }

  @Override
  public Object value() {
    return groupValues.get(groupPos);
  }
}

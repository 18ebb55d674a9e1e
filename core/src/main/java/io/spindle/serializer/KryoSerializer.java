package io.spindle.serializer;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.Pool;
import io.spindle.function.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.TreeMap;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Record serialization for shuffle and (later) cache blocks. A Kryo instance is not thread-safe,
 * so tasks borrow one from a pool for a whole partition and give it back; no per-record lookup.
 *
 * <p>Strings are written by {@link StringSerializer} (Latin-1 text as its bytes, copied in bulk).
 * Common JDK types and {@link Pair} are registered, so they are written as small ids. User
 * classes need no registration: Kryo then writes the class name with each object, which works
 * but costs bytes (registration can be added as a config option later).
 */
public final class KryoSerializer {
  private final Pool<Kryo> pool;

  public KryoSerializer(ClassLoader loader) {
    this.pool = new Pool<>(true, false, 64) {
      @Override
      protected Kryo create() {
        return newKryo(loader);
      }
    };
  }

  public Kryo borrow() {
    Kryo kryo = pool.obtain();
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    if (tccl != null && kryo.getClassLoader() != tccl) {
      kryo.setClassLoader(tccl); // user classes come from the task thread's (user jar) loader
    }
    return kryo;
  }

  public void release(Kryo kryo) {
    pool.free(kryo);
  }

  private static Kryo newKryo(ClassLoader loader) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(false);
    kryo.setWarnUnregisteredClasses(false);
    kryo.setReferences(false);
    kryo.setInstantiatorStrategy(new com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy(
        new StdInstantiatorStrategy()));
    if (loader != null) {
      kryo.setClassLoader(loader);
    }
    // Ids are fixed by registration order: keep this list append-only.
    kryo.register(Pair.class, new PairSerializer(), 100);
    kryo.register(ArrayList.class, 101);
    kryo.register(HashMap.class, 102);
    kryo.register(HashSet.class, 103);
    kryo.register(LinkedList.class, 104);
    kryo.register(TreeMap.class, 105);
    kryo.register(Object[].class, 106);
    kryo.register(String[].class, 107);
    // Replaces Kryo's serializer for String, keeping its registration id (see StringSerializer).
    kryo.register(String.class, new StringSerializer());
    return kryo;
  }
}

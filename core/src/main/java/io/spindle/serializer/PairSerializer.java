package io.spindle.serializer;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.spindle.function.Pair;

/** Writes a {@link Pair} as its key and value, each with its class id. */
final class PairSerializer extends Serializer<Pair<?, ?>> {
  PairSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, Pair<?, ?> pair) {
    kryo.writeClassAndObject(output, pair.key());
    kryo.writeClassAndObject(output, pair.value());
  }

  @Override
  public Pair<?, ?> read(Kryo kryo, Input input, Class<? extends Pair<?, ?>> type) {
    return new Pair<>(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
  }
}

package io.flotilla.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The fields of a record while some of them change, the one place that copies them all (the shape
 * of JEP 468's derived record creation, {@code spec with { timeout = "2m"; }}). A subclass extends
 * {@code RecordBuilder<R>} directly and declares one field per component of {@code R}, with the
 * component's name and type: its constructor copies the record into them, {@link #build} passes
 * them back to the canonical constructor (which still checks them). A subclass that misses or adds
 * a field fails on first use.
 */
public abstract class RecordBuilder<R extends Record> {

  private static final ClassValue<Plan> PLANS =
      new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> builder) {
          return Plan.of(builder);
        }
      };

  private final Plan plan = PLANS.get(getClass());

  /** A builder holding the fields of {@code start}. */
  protected RecordBuilder(R start) {
    try {
      for (int i = 0; i < plan.fields.length; i++) {
        plan.fields[i].set(this, plan.accessors[i].invoke(start));
      }
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot copy " + start.getClass().getName(), e);
    }
  }

  /** {@code builder} (a copy of a record) after {@code edit}, as a record again. */
  public static <R extends Record, B extends RecordBuilder<R>> R edit(
      B builder, Consumer<? super B> edit) {
    edit.accept(builder);
    return builder.build();
  }

  /** The record these fields make now. */
  @SuppressWarnings("unchecked")
  protected final R build() {
    Object[] args = new Object[plan.fields.length];
    try {
      for (int i = 0; i < args.length; i++) {
        args[i] = plan.fields[i].get(this);
      }
      return (R) plan.constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + plan.constructor.getName(), e);
    }
  }

  /** The builder's field, the record's accessor, for each component in order. */
  private record Plan(Field[] fields, Method[] accessors, Constructor<?> constructor) {

    static Plan of(Class<?> builder) {
      Class<?> type =
          (Class<?>)
              ((ParameterizedType) builder.getGenericSuperclass()).getActualTypeArguments()[0];
      RecordComponent[] components = type.getRecordComponents();
      Field[] fields = new Field[components.length];
      Method[] accessors = new Method[components.length];
      try {
        for (int i = 0; i < components.length; i++) {
          fields[i] = builder.getDeclaredField(components[i].getName());
          if (fields[i].getType() != components[i].getType()
              || Modifier.isStatic(fields[i].getModifiers())) {
            throw new IllegalStateException(builder.getName() + " has a wrong " + fields[i]);
          }
          fields[i].setAccessible(true);
          accessors[i] = components[i].getAccessor();
          accessors[i].setAccessible(true);
        }
        long own =
            Arrays.stream(builder.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
                .count();
        if (own != components.length) {
          throw new IllegalStateException(
              builder.getName() + " declares fields that " + type.getName() + " does not have");
        }
        Constructor<?> constructor =
            type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        constructor.setAccessible(true);
        return new Plan(fields, accessors, constructor);
      } catch (NoSuchFieldException | NoSuchMethodException e) {
        throw new IllegalStateException(builder.getName() + " does not match " + type, e);
      }
    }
  }
}

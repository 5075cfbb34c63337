/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.bench;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import sun.misc.Unsafe;

/**
 * The bytes an object graph holds, walked through instance fields (not statics) and array elements, with shallow sizes
 * from the field layout the JVM reports. Objects already seen are not counted again, so walking one open stream after
 * another gives the second one's own bytes: what the two share (interned header names, the endpoint's settings) was
 * counted with the first. Each counted object is charged to an owner: the library of the nearest object on its path
 * whose class is not the JDK's (a {@code byte[]} under an HttpClient session is HttpClient's).
 * <p>
 * A measuring tool for the benchmark only: it assumes compressed references (a heap under 32 GB) and an 8-byte object
 * alignment, the defaults here.
 */
final class HeapWalk {

    private static final Unsafe UNSAFE = unsafe();
    private static final int REFERENCE_BYTES = 4;

    /** Bytes and objects charged to one owner or one type. */
    static final class Tally {
        long bytes;
        long objects;
    }

    private final Predicate<Object> shared;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final Map<Class<?>, Layout> layouts = new HashMap<>();
    private final Map<String, Tally> byOwner = new HashMap<>();
    private final Map<String, Tally> byType = new HashMap<>();
    private long walked;

    /** @param shared objects not to enter: the context, the endpoint, pools, threads and the like */
    HeapWalk(Predicate<Object> shared) {
        this.shared = shared;
    }

    /** Marks what the root reaches as seen, without counting it. */
    void mark(Object root) {
        walk(root, false);
    }

    /** Counts what the root reaches that was not seen before. */
    void count(Object root) {
        walk(root, true);
    }

    Map<String, Tally> byOwner() {
        return byOwner;
    }

    Map<String, Tally> byType() {
        return byType;
    }

    long walked() {
        return walked;
    }

    private void walk(Object root, boolean counting) {
        ArrayDeque<Object[]> queue = new ArrayDeque<>();
        enqueue(queue, root, ownerOf(root.getClass(), "JDK"), null);
        while (!queue.isEmpty()) {
            Object[] next = queue.poll();
            Object object = next[0];
            String owner = (String) next[1];
            Class<?> holder = (Class<?>) next[2];
            walked++;
            Class<?> type = object.getClass();
            if (counting) {
                long size = type.isArray() ? arraySize(object) : layout(type).size;
                charge(byOwner, owner, size);
                // an array is named by what holds it: "byte[] in SessionInputBufferImpl" says more than "[B"
                String name = type.isArray() && holder != null
                        ? type.getComponentType().getSimpleName() + "[] in " + holder.getSimpleName() : type.getSimpleName();
                charge(byType, owner + ": " + name, size);
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0, n = Array.getLength(object); i < n; i++) {
                        enqueue(queue, ((Object[]) object)[i], owner, holder);
                    }
                }
                continue;
            }
            for (Ref ref : layout(type).references) {
                Object child = ref.read(object);
                if (child != null) {
                    enqueue(queue, child, ownerOf(child.getClass(), owner), type);
                }
            }
        }
    }

    private void enqueue(ArrayDeque<Object[]> queue, Object object, String owner, Class<?> holder) {
        if (object == null || seen.containsKey(object) || shared.test(object)) {
            return;
        }
        seen.put(object, Boolean.TRUE);
        queue.add(new Object[] {object, owner, holder});
    }

    private static void charge(Map<String, Tally> tallies, String key, long size) {
        Tally tally = tallies.computeIfAbsent(key, k -> new Tally());
        tally.bytes += size;
        tally.objects++;
    }

    /** The library a class belongs to; a JDK class inherits the owner of the path it was reached by. */
    static String ownerOf(Class<?> type, String inherited) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        String name = type.getName();
        if (name.startsWith("org.apache.camel.")) {
            return "Camel";
        } else if (name.startsWith("ai.emby.")) {
            return "camel-emby";
        } else if (name.startsWith("org.apache.hc.")) {
            return "HttpClient 5";
        } else if (name.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        } else if (type.isPrimitive() || name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return inherited;
        }
        return "other";
    }

    private static long arraySize(Object array) {
        Class<?> type = array.getClass();
        long size = UNSAFE.arrayBaseOffset(type) + (long) UNSAFE.arrayIndexScale(type) * Array.getLength(array);
        return align(size);
    }

    private static long align(long size) {
        return (size + 7) & ~7L;
    }

    private Layout layout(Class<?> type) {
        Layout layout = layouts.get(type);
        if (layout == null) {
            layout = new Layout(type);
            layouts.put(type, layout);
        }
        return layout;
    }

    /** One reference field, read through its offset or, where the JVM gives none (records, hidden classes), reflection. */
    private record Ref(long offset, Field field) {
        Object read(Object object) {
            if (field == null) {
                return UNSAFE.getObject(object, offset);
            }
            try {
                return field.get(object);
            } catch (IllegalAccessException e) {
                return null;
            }
        }
    }

    private static final class Layout {
        final long size;
        final List<Ref> references = new ArrayList<>();

        Layout(Class<?> type) {
            long end = 12; // mark word and compressed class pointer
            long estimated = 12;
            boolean exact = true;
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                Field[] fields;
                try {
                    fields = c.getDeclaredFields();
                } catch (Throwable e) {
                    continue;
                }
                for (Field field : fields) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    int bytes = bytesOf(field.getType());
                    estimated += bytes;
                    long offset = -1;
                    try {
                        offset = UNSAFE.objectFieldOffset(field);
                        end = Math.max(end, offset + bytes);
                    } catch (RuntimeException e) {
                        exact = false;
                    }
                    if (!field.getType().isPrimitive()) {
                        addReference(field, offset);
                    }
                }
            }
            size = Math.max(16, align(exact ? end : estimated));
        }

        private void addReference(Field field, long offset) {
            if (offset >= 0) {
                references.add(new Ref(offset, null));
                return;
            }
            try {
                field.setAccessible(true);
                references.add(new Ref(-1, field));
            } catch (RuntimeException e) {
                // not readable here: its bytes are not counted
            }
        }

        private static int bytesOf(Class<?> type) {
            if (!type.isPrimitive()) {
                return REFERENCE_BYTES;
            } else if (type == long.class || type == double.class) {
                return 8;
            } else if (type == int.class || type == float.class) {
                return 4;
            } else if (type == short.class || type == char.class) {
                return 2;
            }
            return 1;
        }
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is needed to read object layouts", e);
        }
    }
}

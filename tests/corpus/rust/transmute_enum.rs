#[repr(u8)]
#[derive(Debug, Clone, Copy)]
pub enum Opcode {
    Push = 0,
    Pop = 1,
    Add = 2,
}

pub fn decode(byte: u8) -> Opcode {
    unsafe { std::mem::transmute::<u8, Opcode>(byte) } // expect: CWE-843, CWE-676
}
